import { Body, Controller, Get, HttpCode, UnauthorizedException, Post } from '@nestjs/common';
import { SandboxIdentityProvider } from './identity-provider';

/** Development helpers around the sandbox IdP; the OIDC endpoints themselves are under /oidc. */
@Controller('__sandbox')
export class IdentityController {
  constructor(private readonly idp: SandboxIdentityProvider) {}

  /** The test users (no secrets: every password is "password"). */
  @Get('users')
  users() {
    return SandboxIdentityProvider.users().map(
      ({ username, name, familyName, fiscalNumber, acr, roles, description }) => ({
        username,
        name,
        familyName,
        fiscalNumber,
        acr,
        roles: roles ?? [],
        description,
      }),
    );
  }

  /** Development password login: `curl -XPOST …/__sandbox/login -H 'content-type: application/json' -d '{"username":"admin.regione","password":"password"}'`. */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: { username?: unknown; password?: unknown } | undefined) {
    const token = await this.idp.passwordLogin(String(body?.username ?? ''), String(body?.password ?? ''));
    if (!token) throw new UnauthorizedException('Utente o password non corretti.');
    return token;
  }
}
