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
