import { withoutTokens } from '../../shared/methods/withoutTokens';
import * as loadOptionsMethods from './loadOptions';

/** The Talkover node's option lists (voices, phone numbers, time zones, integrations), without the credential's tokens (see withoutTokens). */
export const loadOptions = withoutTokens(loadOptionsMethods);
