import { secureHeaders } from 'hono/secure-headers';

/**
 * Response headers against injection, sniffing and framing. The client is one bundle served from here:
 * scripts, styles and data only from our origin; MapLibre runs its tile workers from blob: URLs and
 * draws sprites and patterns from blob:/data: images. No page may frame the app (clickjacking).
 */
export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Observable Plot (dashboard charts) writes a <style> element into each chart; inline styles cannot run
      // script, while scripts stay 'self' only.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  });
}
