import * as listSearchMethods from './listSearch';
import * as loadOptionsMethods from './loadOptions';
import { withoutTokens } from './withoutTokens';

/** Every picker's answer and error without the credential's tokens (see withoutTokens). */
export const listSearch = withoutTokens(listSearchMethods);
export const loadOptions = withoutTokens(loadOptionsMethods);
