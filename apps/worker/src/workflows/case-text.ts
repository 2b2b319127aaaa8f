/**
 * Fills `{{name}}` placeholders of a model's message with the case's values. An unknown
 * placeholder stays visible as written, so a modeller sees the mistake in the message instead of
 * a silent blank.
 */
export function renderCaseText(template: string, variables: Readonly<Record<string, string>>): string {
  return template.replace(
    /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g,
    (whole, name: string) => variables[name] ?? whole,
  );
}
