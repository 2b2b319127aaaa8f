import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { SANDBOX_CONFIG } from '../sandbox.tokens';
import type { SandboxConfig } from '../config';
import { SandboxIdentityProvider } from './identity-provider';

/** Development helpers around the sandbox IdP; the OIDC endpoints themselves are under /oidc. */
@Controller('__sandbox')
export class IdentityController {
  constructor(
    private readonly idp: SandboxIdentityProvider,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

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

  /** Development password login for test users (staff and citizens): `curl -XPOST …/__sandbox/login -H 'content-type: application/json' -d '{"username":"admin.regione","password":"password"}'`. */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: { username?: unknown; password?: unknown } | undefined) {
    // A development shortcut for scripts and load tests, citizens included: never where
    // NODE_ENV=production, where a citizen's login is always the SPID/CIE browser flow.
    if (this.config.NODE_ENV === 'production') {
      throw new NotFoundException('Accesso con password disattivato in produzione: usare /oidc.');
    }
    const token = await this.idp.passwordLogin(String(body?.username ?? ''), String(body?.password ?? ''));
    if (!token) throw new UnauthorizedException('Utente o password non corretti.');
    return token;
  }
}
