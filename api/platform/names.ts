import { localDisplayName, localName, type DisplayNamed, type Named } from '../../domain/texts/names';
import { reader } from './reader';

/**
 * Names in the language of the request's reader (Accept-Language): what lists and details show
 * where they name a unit, a person, a post or an account beside their own fields. The org API's
 * own `name` / `nameZh` fields stay as stored, so a form edits what is stored.
 */
export const nameOf = (row: Named): string => localName(row, reader().language);
export const displayNameOf = (user: DisplayNamed): string => localDisplayName(user, reader().language);

/** The reader's name of a row that may be missing ('' then). */
export const named = (row: Named | null | undefined): string => (row ? nameOf(row) : '');
/** The reader's display name of an account that may be missing ('' then). */
export const displayed = (user: DisplayNamed | null | undefined): string => (user ? displayNameOf(user) : '');

/**
 * A SQL expression of the name column `column` (of a table with a `<column>_zh` beside it) in the
 * reader's language, for raw queries that only show names: `COALESCE(p.name_zh, p.name)` in Chinese.
 */
export const nameSql = (column: string): string => (reader().language === 'zh-CN' ? `COALESCE(${column}_zh, ${column})` : column);
