// Replays an Akinon storefront's journey against a Commerce base URL with @akinon/next 1.24.0's own code
// (bundled by build.mjs), playing the browser and the Next server around it. See README.md.
//
//   node journey.mjs <commerce base url> --email E --password P     (or COMMERCE_URL, JOURNEY_EMAIL, JOURNEY_PASSWORD)
//
// Prints a JSON report on stdout; exits 1 when a step fails, 2 on bad usage. The package's logger writes to stderr.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, password: { type: 'string' } }
});
const commerceUrl = (positionals[0] ?? process.env.COMMERCE_URL ?? '').replace(/\/+$/, ''); // settings: no slash
const email = values.email ?? process.env.JOURNEY_EMAIL;
const password = values.password ?? process.env.JOURNEY_PASSWORD;
const BUNDLE = new URL('./node_modules/.cache/journey/akinon.cjs', import.meta.url).pathname;
if (!/^https?:\/\//.test(commerceUrl) || !email || !password) {
  console.error('usage: node journey.mjs <commerce base url> --email E --password P');
  process.exit(2);
}
if (!existsSync(BUNDLE)) {
  console.error('run `node build.mjs` first');
  process.exit(2);
}

process.env.COMMERCE_URL = commerceUrl; // read by stubs/settings.js when the bundle loads
console.log = console.info = console.debug = console.error; // the package's logger (utils/log.ts) -> stderr
const STOREFRONT = 'https://storefront.example'; // the storefront's origin; nothing listens there
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const networkFetch = globalThis.fetch;
const NodeRequest = globalThis.Request;
const { NextRequest } = require('next/server');
const { splitCookiesString } = require('next/dist/server/web/utils');
const akinon = require(BUNDLE);

// ---- The browser: a cookie jar for the storefront origin, document.cookie, relative URLs -------------------------
const jar = new Map(); // name -> {value, httpOnly}

function storeCookie(line) {
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  const at = pair.indexOf('=');
  if (at < 1) return;
  const name = pair.slice(0, at);
  const attrs = Object.fromEntries(
    attributes.map((a) => [a.split('=')[0].toLowerCase(), a.split('=').slice(1).join('=')])
  );
  if (attrs.domain && attrs.domain.replace(/^\./, '') !== new URL(STOREFRONT).hostname) return; // foreign domain
  const expired =
    (attrs['max-age'] !== undefined && Number(attrs['max-age']) <= 0) ||
    (attrs.expires && Date.parse(attrs.expires) <= Date.now());
  if (expired) jar.delete(name);
  else jar.set(name, { value: pair.slice(at + 1), httpOnly: 'httponly' in attrs });
}

const storeCookies = (lines) => lines.forEach(storeCookie);
const cookieHeader = (scriptVisible = false) =>
  [...jar].filter(([, c]) => !(scriptVisible && c.httpOnly)).map(([n, c]) => `${n}=${c.value}`).join('; ');
const cookieMap = () => Object.fromEntries([...jar].map(([n, c]) => [n, c.value]));

// utils/index.ts:10-21 getCookie reads document.cookie (no HttpOnly cookies there).
globalThis.document = {
  get cookie() {
    return cookieHeader(true);
  }
};
// fetchBaseQuery builds `new Request('/api/client/...')` (@reduxjs/toolkit 1.9.7 fetchBaseQuery.ts:268); a page
// resolves that against its own URL, Node needs the base.
globalThis.Request = class PageRequest extends NodeRequest {
  constructor(input, init) {
    super(typeof input === 'string' ? new URL(input, `${STOREFRONT}/`) : input, init);
  }
};

// ---- The network: storefront URLs go to the Next route handlers in-process, everything else to Commerce ----------
let wire = []; // what reached Commerce during the current step
const short = (text, n = 300) => (text && text.length > n ? `${text.slice(0, n)}...` : text);

async function toCommerce(input, init = {}) {
  const request = new NodeRequest(input, init);
  const sent = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: typeof init.body === 'string' ? short(init.body) : init.body ? short(String(init.body)) : undefined
  };
  wire.push(sent);
  try {
    const response = await networkFetch(input, init);
    sent.status = response.status;
    sent.redirectedTo = response.redirected ? response.url : undefined; // followed; status is the final one's
    sent.setCookie = response.headers.get('set-cookie') ?? undefined;
    sent.answer = short(await response.clone().text(), 200);
    return response;
  } catch (error) {
    sent.error = String(error.cause ?? error);
    throw error;
  }
}

let page = `${STOREFRONT}/`; // the page the browser is on (Referer)
let browserCalls = []; // what the browser sent to the storefront's routes during the current step

// A browser fetch to the storefront: credentials 'include' (data/client/api.ts:56), so the jar's cookies go along.
async function toStorefront(request, extraHeaders = {}) {
  const headers = new Headers(request.headers);
  if (jar.size) headers.set('cookie', cookieHeader());
  headers.set('user-agent', UA);
  headers.set('referer', page);
  if (request.method !== 'GET') headers.set('origin', STOREFRONT);
  for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
  const body = request.method === 'GET' ? undefined : await request.text();
  const routed = new NodeRequest(request.url, { method: request.method, headers, body });
  const { pathname } = new URL(request.url);
  let response;
  if (pathname.startsWith('/api/client/')) {
    // app/api/client/[...slug]/route.ts: Next hands the route the path's segments, decoded.
    const slug = pathname.slice('/api/client/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    response = await akinon.proxy[request.method](routed, { params: { slug } });
  } else if (pathname === '/api/logout') {
    response = await akinon.logout(routed);
  } else {
    response = new Response('not a storefront route of this journey', { status: 404 });
  }
  // Next sends each cookie of a joined Set-Cookie as its own header (next@14.1.0 dist/server/send-response.js:21-27).
  storeCookies(splitCookiesString(response.headers.get('set-cookie') ?? ''));
  browserCalls.push({
    method: request.method,
    url: request.url.slice(STOREFRONT.length),
    headers: Object.fromEntries([...headers].filter(([k]) => k !== 'user-agent')),
    body: short(body),
    status: response.status
  });
  return response;
}

globalThis.fetch = (input, init) => {
  const url = input instanceof NodeRequest ? input.url : new URL(String(input), `${STOREFRONT}/`).href;
  return url.startsWith(`${STOREFRONT}/`) ? toStorefront(new NodeRequest(input, init)) : toCommerce(input, init);
};

// ---- RTK Query: the package's endpoints (data/client/account.ts) in a store, as the storefront's is ---------------
const { api, configureStore } = akinon;
const store = configureStore({
  reducer: { [api.reducerPath]: api.reducer },
  middleware: (defaults) => defaults().concat(api.middleware)
});

async function rtk(endpoint, arg) {
  const action = store.dispatch(api.endpoints[endpoint].initiate(arg));
  const result = await action;
  action.unsubscribe?.();
  return 'error' in result && result.error ? { error: result.error } : { data: result.data };
}

// ---- next-auth's side, which is stubbed: the credentials it hands to authorize and the cookies it keeps ----------
const nextAuthCsrf = 'c3f1a9e07b2d4e6f8a1b0c9d8e7f6a5b'; // next-auth's own CSRF token (not Django's)
function nextAuthRequest() {
  // A pages-router API request as api/auth.ts reads it: req.headers.cookie, req.cookies, req.headers.referer.
  return { headers: { cookie: cookieHeader(), referer: `${STOREFRONT}/login` }, cookies: cookieMap(), method: 'POST' };
}
const nextAuthResponse = () => ({
  setHeader(name, value) {
    if (name.toLowerCase() === 'set-cookie') storeCookies([].concat(value));
  }
});

// ---- The journey --------------------------------------------------------------------------------------------------
const steps = [];
const context = {};

async function step(name, run) {
  wire = [];
  browserCalls = [];
  const entry = { name, ok: false };
  const started = Date.now();
  try {
    Object.assign(entry, await run());
  } catch (error) {
    entry.error = short(String(error?.message ?? error), 600);
  }
  entry.ms = Date.now() - started;
  if (browserCalls.length) entry.browser = browserCalls;
  entry.commerce = wire;
  steps.push(entry);
}

// data/client/account.ts:55-61: {id, is_order_needed, text}.
const isSubject = (s) => s?.id !== undefined && typeof s.text === 'string' && typeof s.is_order_needed === 'boolean';
// The status the browser got from the proxy for the step's last call (RTK repeats failing ones, data/client/api.ts:68).
const lastStatus = () => browserCalls.at(-1)?.status;

await step('first-visit', async () => {
  // The middleware chain on the first page load; its CSRF step is middlewares/default.ts:272-290.
  const request = new NextRequest(`${STOREFRONT}/`, { headers: { 'user-agent': UA, accept: 'text/html' } });
  const response = await akinon.withPzDefault(async () => undefined)(request, { waitUntil() {} });
  storeCookies(response.headers.getSetCookie?.() ?? splitCookiesString(response.headers.get('set-cookie') ?? ''));
  const csrf = jar.get('csrftoken')?.value;
  return {
    ok: Boolean(csrf) && csrf !== 'undefined',
    received: { csrftoken: csrf, cookies: Object.keys(cookieMap()) }
  };
});

await step('subjects', async () => {
  page = `${STOREFRONT}/contact-us`;
  const result = await rtk('getContactSubjects');
  const subjects = result.data;
  context.subjects = Array.isArray(subjects) ? subjects : [];
  const ok =
    lastStatus() === 200 &&
    Array.isArray(subjects) &&
    subjects.every(isSubject) &&
    subjects.some((s) => s.is_order_needed) &&
    subjects.some((s) => !s.is_order_needed);
  return { ok, status: lastStatus(), received: result.data ?? result.error };
});

await step('contact-us-anonymous', async () => {
  const subject = context.subjects.find((s) => !s.is_order_needed);
  if (!subject) throw new Error('no subject without is_order_needed in the subjects answer');
  const result = await rtk('sendContact', {
    full_name: 'Tooraj Daneshvar',
    email: 'tooraj@example.com',
    phone: '09232362073',
    subject: String(subject.id),
    message: 'The payment page shows an error.',
    order_needed: false
  });
  // data/client/account.ts:126-135 responseType 'text': the proxy answers 200 {"result": "<Commerce's body>"}.
  const ok = lastStatus() === 200 && result.data?.result === '';
  return { ok, status: lastStatus(), received: result.data ?? result.error };
});

await step('sign-in', async () => {
  // api/auth.ts: NextAuth(req, res, options) with the stub returns the options; provider `default` signs in.
  page = `${STOREFRONT}/login`;
  jar.set('__Host-next-auth.csrf-token', { value: `${nextAuthCsrf}%7C0000`, httpOnly: true });
  jar.set('__Secure-next-auth.callback-url', { value: `${encodeURIComponent(STOREFRONT)}%2Faccount`, httpOnly: true });
  const options = akinon.Auth(nextAuthRequest(), nextAuthResponse());
  const provider = options.providers.find((p) => p.id === 'default');
  // The fields next-auth v4's signIn('default', {...}) posts, all strings; authorize gets them as credentials.
  const credentials = {
    email,
    password,
    formType: 'login',
    locale: 'en',
    captchaValidated: 'false',
    redirect: 'false',
    csrfToken: nextAuthCsrf,
    callbackUrl: `${STOREFRONT}/account`,
    json: 'true'
  };
  let user;
  try {
    user = await provider.authorize(credentials);
  } finally {
    context.sessionId = jar.get('osessionid')?.value; // set by res.setHeader (api/auth.ts:125-130)
  }
  context.user = user;
  // Signed in: authorize returned a user (null or a throw is a failure for next-auth) and set osessionid.
  const ok = Boolean(user) && Boolean(context.sessionId);
  return { ok, received: { osessionid: context.sessionId, user } };
});

await step('current-user', async () => {
  // The user authorize built from GET /current_user/ (api/auth.ts:11-41): the fields it copies.
  const user = context.user;
  if (!user) throw new Error('sign-in returned no user');
  // next-auth's session cookie from here on (its JWT is opaque to Commerce; the proxy forwards it).
  const jwe = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..e30';
  jar.set('__Secure-next-auth.session-token', { value: jwe, httpOnly: true });
  // Every field it copies came in the answer (null is an answer, a missing key is not), for the signed-in shopper.
  const copied = Object.entries(user).filter(([key]) => key !== 'token');
  const missing = copied.filter(([, value]) => value === undefined).map(([key]) => key);
  const ok = Boolean(user.pk) && user.email === email && missing.length === 0;
  return { ok, received: user, missing: missing.length ? missing : undefined };
});
// current-user's Commerce request is part of sign-in's authorize call; it is listed there.
steps.at(-1).commerce = steps.at(-2).commerce.filter((r) => r.url.endsWith('/current_user/'));

await step('orders', async () => {
  page = `${STOREFRONT}/contact-us`;
  const result = await rtk('getOrders', {});
  const data = result.data;
  context.orders = Array.isArray(data?.results) ? data.results : [];
  const ok = lastStatus() === 200 && Number.isInteger(data?.count) && context.orders.length > 0;
  const results = context.orders.map((o) => ({ id: o.id, number: o.number }));
  const received = data ? { count: data.count, results } : result.error;
  return { ok, status: lastStatus(), received };
});

await step('contact-us-with-order', async () => {
  const subject = context.subjects.find((s) => s.is_order_needed);
  const order = context.orders[0];
  if (!subject || !order) {
    throw new Error(`need a subject with is_order_needed (${Boolean(subject)}) and an order (${Boolean(order)})`);
  }
  const user = context.user ?? {};
  const result = await rtk('sendContact', {
    full_name: `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim() || 'Signed In',
    email: user.email ?? email,
    phone: user.phone || '09232362073',
    subject: String(subject.id),
    message: 'I would like a refund for this order.',
    order: String(order.id),
    order_needed: true
  });
  const ok = lastStatus() === 200 && result.data?.result === '';
  return { ok, status: lastStatus(), received: result.data ?? result.error };
});

await step('sign-out', async () => {
  // api/logout.ts POST, as the browser's POST /api/logout (data/client/user.ts:59-64) reaches it, plus an
  // `osessionid` request header (api/logout.ts:9-11): without it the Commerce cookie is the text `undefined`.
  page = `${STOREFRONT}/account`;
  const extra = context.sessionId ? { osessionid: context.sessionId } : {};
  const response = await toStorefront(new NodeRequest(`${STOREFRONT}/api/logout`, { method: 'POST' }), extra);
  // The route answers with the status of its second POST's final response (api/logout.ts:28-38): a signed-out
  // POST redirects home, so that is Commerce's answer to `GET /`, whatever a deployment serves there (the
  // reference: Django's 404; the mock: its docs page). session-over then checks the session really ended.
  const home = await fetch(`${commerceUrl}/`);
  const ok = response.status === home.status;
  return { ok, status: response.status, home: home.status, received: await response.json() };
});

await step('session-over', async () => {
  // The oauth provider's authorize reads GET /current_user/ with the browser's osessionid (api/auth.ts:46-63): after
  // sign-out it must get what an anonymous caller gets, a user object without pk.
  if (!context.user?.pk || !context.sessionId) throw new Error('no signed-in session to check (sign-in failed)');
  const options = akinon.Auth(nextAuthRequest(), nextAuthResponse());
  const user = await options.providers.find((p) => p.id === 'oauth').authorize({});
  const ok = Boolean(user) && !user.pk;
  return { ok, received: user };
});

const report = { commerceUrl, ok: steps.every((s) => s.ok), steps };
// exit at once: RTK Query keeps unused data for 60 s on a timer (keepUnusedDataFor), which would hold the process.
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`, () => process.exit(report.ok ? 0 : 1));
