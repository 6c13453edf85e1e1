// The storefront project's `routes` module: the routes the bundled modules name (api/auth.ts:221-222,
// middlewares/default.ts:143) and HOME, so that the first visit to `/` is a known route (no pretty-url look-up).
module.exports = { ROUTES: { HOME: '/', AUTH: '/login', BASKET: '/basket' } };
