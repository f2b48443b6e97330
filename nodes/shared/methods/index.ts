import * as listSearchMethods from './listSearch';
import { withoutTokens } from './withoutTokens';

/** Every picker's answer and error without the credential's tokens (see withoutTokens). */
export const listSearch = withoutTokens(listSearchMethods);
