import { renderText } from '../../domain/texts/render';
import { isText, type Text } from '../../domain/texts/text';

type Stored<K extends string> = Record<K, string> & Record<`${K}Text`, string | null>;

/**
 * The columns of server texts a row stores: each field's English words (what search and older
 * readers see; cut to `maxLength`) and, for a message key, its JSON in `<field>Text`, which the
 * API renders in each reader's language and a mail in its recipient's.
 */
export function storedTexts<K extends string>(fields: Record<K, string | Text | null>, maxLength = 300): Stored<K> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(fields) as [K, string | Text | null][]) {
    const words = renderText(value, 'en');
    out[name] = words === null ? null : name === 'title' || name === 'subject' ? words.slice(0, maxLength) : words;
    out[`${name}Text`] = isText(value) ? JSON.stringify(value) : null;
  }
  return out as Stored<K>;
}
