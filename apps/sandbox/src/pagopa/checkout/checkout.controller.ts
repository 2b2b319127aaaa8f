import {
  Body,
  Controller,
  Get,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SubscriptionKeyGuard } from '../organizations/subscription-key.guard';
import { describeZodError } from '../problem';
import { cartRequestSchema } from './cart.schemas';
import { type Cart, CartsService } from './carts.service';
import { checkoutPage } from './checkout-page';

const origin = (request: FastifyRequest): string =>
  `${request.protocol}://${request.headers.host ?? 'localhost'}`;

/** Checkout EC API v1 (checkout_v1.json): `POST /carts` answers 302 to the payment page. */
@Controller('checkout/ec/v1/carts')
@UseGuards(SubscriptionKeyGuard)
export class CartsController {
  constructor(private readonly carts: CartsService) {}

  @Post()
  create(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const parsed = cartRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw new HttpException(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: describeZodError(parsed.error),
          instance: request.url,
        },
        400,
      );
    }
    const cart = this.carts.create(parsed.data);
    void reply
      .status(302)
      .header('location', `${origin(request)}/__sandbox/checkout/carts/${cart.id}`)
      .send();
  }
}

/**
 * The page a citizen's browser lands on. Like the PSP simulator it is the citizen's side, so it
 * lives under /__sandbox, out of reach of fault injection.
 */
@Controller('__sandbox/checkout/carts')
export class CheckoutPageController {
  constructor(private readonly carts: CartsService) {}

  @Get(':id')
  page(@Param('id') id: string, @Res() reply: FastifyReply): void {
    void reply.type('text/html; charset=utf-8').send(checkoutPage(this.require(id)));
  }

  @Get(':id/status')
  status(@Param('id') id: string): Pick<Cart, 'id' | 'status' | 'failure'> {
    const { status, failure } = this.require(id);
    return { id, status, failure };
  }

  @Post(':id/pay')
  pay(@Param('id') id: string, @Res() reply: FastifyReply): void {
    const cart = this.carts.pay(this.require(id));
    const urls = cart.request.returnUrls;
    void reply.redirect(cart.status === 'PAID' ? urls.returnOkUrl : urls.returnErrorUrl, 302);
  }

  @Post(':id/cancel')
  cancel(@Param('id') id: string, @Res() reply: FastifyReply): void {
    const cart = this.carts.cancel(this.require(id));
    const urls = cart.request.returnUrls;
    void reply.redirect(cart.status === 'PAID' ? urls.returnOkUrl : urls.returnCancelUrl, 302);
  }

  private require(id: string): Cart {
    const cart = this.carts.get(id);
    if (cart === undefined) throw new NotFoundException(`Carrello ${id} inesistente.`);
    return cart;
  }
}
