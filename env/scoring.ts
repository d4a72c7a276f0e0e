// Biomni-Eval1-style answer reading, shared by the scorers: answers arrive as bare text, as JSON
// ({"answer": …}, ["GENE1", "GENE2"]) or as Python-dict text ({'OMIM_ID': '123456'}); case and
// surrounding whitespace, quotes and brackets never matter.

/** Upper-cased, trimmed, without wrapping quotes/backticks/brackets or a trailing full stop. */
export function normalizeAnswerText(text: string): string {
  let s = text.trim();
  for (let i = 0; i < 3; i++) {
    s = s.replace(/^[`'"\[({<\s]+|[`'"\])}>\s.]+$/g, '');
  }
  return s.trim().toUpperCase();
}

/** JSON or Python-literal text as a value; undefined when it is neither. */
export function parseStructured(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json|python)?\s*|\s*```$/g, '');
  if (!/^[\[{]/.test(trimmed)) return undefined;
  for (const candidate of [trimmed, pythonToJson(trimmed)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function pythonToJson(text: string): string {
  return text
    .replace(/'/g, '"')
    .replace(/\bNone\b/g, 'null')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/,\s*([}\]])/g, '$1');
}

/** A field of an answer object, matched case-insensitively among `keys`; else the answer itself. */
export function answerField(text: string, keys: string[]): unknown {
  const value = parseStructured(text);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const wanted = keys.map((k) => k.toLowerCase());
    for (const [key, v] of Object.entries(value)) if (wanted.includes(key.toLowerCase())) return v;
    const entries = Object.values(value);
    return entries.length === 1 ? entries[0] : undefined;
  }
  return value ?? text;
}

/** One normalised answer string from text, JSON or dict forms (first element of a list). */
export function singleAnswer(text: string, keys: string[] = ['answer']): string {
  const value = answerField(text, keys);
  if (Array.isArray(value)) return value.length ? normalizeAnswerText(String(value[0])) : '';
  if (value === undefined || value === null) return '';
  return normalizeAnswerText(String(value));
}

/** A list of normalised answers: JSON lists, dict fields holding lists, or comma/space-separated text. */
export function listAnswer(text: string, keys: string[] = ['answer']): string[] {
  const value = answerField(text, keys);
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;\s]+/) : value == null ? [] : [String(value)];
  return items.map(normalizeAnswerText).filter(Boolean);
}

/** The option letter of a multiple-choice answer: "B", "(B)", "B) …", "[ANSWER]B[/ANSWER]", {"answer": "B"}. */
export function letterAnswer(text: string): string | undefined {
  const tagged = /\[ANSWER\]\s*([A-Za-z])\s*\[\/ANSWER\]/i.exec(text)?.[1];
  if (tagged) return tagged.toUpperCase();
  const value = answerField(text, ['answer', 'choice', 'option']);
  const s = String(Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
  const patterns = [/^([A-Za-z])$/, /^[(\[]([A-Za-z])[)\]]/, /^([A-Za-z])[).:](?:\s|$)/, /^(?:the\s+)?answer\s*(?:is)?\s*[:\-]?\s*[(\[]?([A-Za-z])(?:[)\].]|\s|$)/i];
  for (const pattern of patterns) {
    const letter = pattern.exec(s)?.[1];
    if (letter) return letter.toUpperCase();
  }
  return undefined;
}
