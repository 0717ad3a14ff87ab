/**
 * Message texts per language with `{name}` placeholders. The language is matched exactly, then
 * by its primary subtag (cs-CZ → cs), then falls back to en; a key missing in a language falls
 * back to its en text. An unknown placeholder is left as it is.
 */
export class LocalizedTemplates<K extends string> {
  constructor(private readonly texts: Record<'en' | string, Record<K, string>>) {
    if (!texts.en) throw new Error('LocalizedTemplates need en texts (the fallback)');
  }

  render(key: K, language: string | null | undefined, params: Record<string, string>): string {
    const template = this.bundle(language)[key] ?? this.texts.en[key];
    if (template === undefined) throw new Error(`No template "${key}"`);
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? params[name] : placeholder,
    );
  }

  private bundle(language: string | null | undefined): Partial<Record<K, string>> {
    const tag = (language ?? '').trim().toLowerCase().replace('_', '-');
    return this.texts[tag] ?? this.texts[tag.split('-')[0]] ?? this.texts.en;
  }
}
