import { Body, Controller, HttpException, HttpStatus, Post } from '@nestjs/common';
import { z } from 'zod';
import { describeZodError, ProblemException } from '../problem';
import { NodeFaultError, PspSimulator } from './psp-simulator.service';
import { PSP_NAMES } from './psps';

const noticeRequest = z.object({
  /** As printed or typed: groups of four are accepted. */
  noticeNumber: z.string().transform((value) => value.replace(/\s+/g, '')),
  fiscalCode: z.string(),
});

const payRequest = noticeRequest.extend({
  psp: z.enum(PSP_NAMES).default('TABACCHERIA'),
  amount: z.number().int().min(1).optional(),
  payer: z
    .object({ type: z.enum(['F', 'G']), fiscalCode: z.string().min(1), fullName: z.string().min(1) })
    .optional(),
});

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new ProblemException(400, describeZodError(result.error));
  return result.data;
}

/** KO answers: 422 with the node's fault, `{ outcome: 'KO', step, fault }`. */
function asHttp<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof NodeFaultError) {
      throw new HttpException(
        { outcome: 'KO', step: error.step, fault: error.fault },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    throw error;
  }
}

/**
 * The citizen's side: a PSP paying an avviso. Not a pagoPA contract SUS calls, so it lives
 * under /__sandbox and the fault injection (which imitates pagoPA misbehaving towards SUS)
 * leaves it alone.
 */
@Controller('__sandbox/psp')
export class PspController {
  constructor(private readonly psp: PspSimulator) {}

  @Post('verify')
  verify(@Body() body: unknown) {
    const { noticeNumber, fiscalCode } = parse(noticeRequest, body);
    return { outcome: 'OK', ...asHttp(() => this.psp.verify(noticeNumber, fiscalCode)) };
  }

  @Post('payments')
  pay(@Body() body: unknown) {
    const request = parse(payRequest, body);
    const { paymentToken, receipt } = asHttp(() => this.psp.pay(request));
    return { outcome: 'OK', paymentToken, receipt };
  }
}
