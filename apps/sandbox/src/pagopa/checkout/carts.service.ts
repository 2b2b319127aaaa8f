import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../../state/persistent-state';
import { NodeFaultError, PspSimulator } from '../psp/psp-simulator.service';
import type { CartRequest } from './cart.schemas';

export type CartStatus = 'OPEN' | 'PAID' | 'CANCELLED' | 'FAILED';

export interface Cart {
  id: string;
  request: CartRequest;
  status: CartStatus;
  createdAt: string;
  /** Why the payment failed, for the page and for tests. */
  failure?: { noticeNumber: string; faultCode: string; originalFaultCode?: string; description: string };
}

/** Checkout carts: created by the ente's back end, paid (or abandoned) by the citizen on the page. */
@Injectable()
export class CartsService implements PersistentState {
  private readonly carts = new Map<string, Cart>();

  constructor(private readonly psp: PspSimulator) {}

  create(request: CartRequest): Cart {
    const cart: Cart = { id: randomUUID(), request, status: 'OPEN', createdAt: new Date().toISOString() };
    this.carts.set(cart.id, cart);
    return cart;
  }

  get(id: string): Cart | undefined {
    return this.carts.get(id);
  }

  /**
   * Verifies every notice first, then pays them all: a cart with one unpayable notice pays
   * nothing, so the citizen never ends up with half a cart paid.
   */
  pay(cart: Cart): Cart {
    if (cart.status !== 'OPEN') return cart;
    const notices = cart.request.paymentNotices;
    let current = notices[0]!;
    try {
      for (const notice of notices) {
        current = notice;
        this.psp.verify(notice.noticeNumber, notice.fiscalCode);
      }
      for (const notice of notices) {
        current = notice;
        this.psp.pay({ noticeNumber: notice.noticeNumber, fiscalCode: notice.fiscalCode, psp: 'CHECKOUT' });
      }
      cart.status = 'PAID';
    } catch (error) {
      if (!(error instanceof NodeFaultError)) throw error;
      cart.status = 'FAILED';
      cart.failure = {
        noticeNumber: current.noticeNumber,
        faultCode: error.fault.faultCode,
        originalFaultCode: error.fault.originalFaultCode,
        description: error.fault.description,
      };
    }
    return cart;
  }

  cancel(cart: Cart): Cart {
    if (cart.status === 'OPEN') cart.status = 'CANCELLED';
    return cart;
  }

  clear(): void {
    this.carts.clear();
  }

  exportState(): Cart[] {
    return [...this.carts.values()];
  }

  importState(state: Cart[]): void {
    this.carts.clear();
    for (const cart of state) this.carts.set(cart.id, cart);
  }
}
