import { config } from 'zod';

// The page's Content-Security-Policy forbids eval: tell zod not to probe for it (the probe
// alone is reported as a CSP violation) and to validate without generated code.
config({ jitless: true });
