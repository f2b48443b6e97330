/**
 * The header Talkover sends back on every delivery to a webhook this package registered (a custom header
 * of the webhook): its value is the secret the node gave, kept by the node only as a hash.
 */
export const DELIVERY_HEADER = 'X-N8n-Talkover-Secret';
