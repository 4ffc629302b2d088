// A separate entry point, so that only apps which import it bundle ky (decision 0017).
export { kyFetch } from './http/kyFetch.ts';
