// Linted by ../eslint.dev.config.mjs (npm run lint), not by n8n's default config for what ships.
import { globalIgnores } from 'eslint/config';

export default [globalIgnores(['**'])];
