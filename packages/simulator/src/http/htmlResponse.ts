/**
 * A small HTML page answer. Adobe's throttling answers 429 with an HTML body (not JSON) and no `Retry-After`
 * (Adobe Pass "Throttling mechanism" page); gateway-level 5xx answers are HTML too, so clients must not assume JSON.
 */
export function htmlResponse(status: number, title: string): Response {
  const body = `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><h1>${title}</h1></body></html>\n`;
  return new Response(body, { status, headers: { 'content-type': 'text/html;charset=utf-8' } });
}
