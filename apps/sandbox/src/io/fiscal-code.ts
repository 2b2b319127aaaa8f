/**
 * The `FiscalCode` format of the IO Services API (io-services-api.yaml, parameter `fiscal_code`):
 * 16 upper-case characters with omocodia letters allowed. IO checks the shape, not the check character.
 */
export const IO_FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

export const isIoFiscalCode = (value: string): boolean => IO_FISCAL_CODE.test(value);
