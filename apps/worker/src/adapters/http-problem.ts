/** The body of an HTTP answer as JSON when it is JSON, else as the text it is. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * What a refusal says, for the logs and the failure staff read: the RFC 7807 problem's title and
 * detail (pagoPA and App IO both answer so), else the start of the body.
 */
export function describeProblem(parsed: unknown, text: string): string {
  if (parsed && typeof parsed === 'object') {
    const { title, detail } = parsed as { title?: string; detail?: string };
    if (title || detail) return [title, detail].filter(Boolean).join(': ');
  }
  return text.slice(0, 300) || '(empty body)';
}
