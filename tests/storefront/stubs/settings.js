// The storefront project's `settings.js` (not part of @akinon/next): only the fields the bundled modules read.
// commerceUrl comes from the environment, read once when the bundle loads (data/urls.ts:4 keeps it in a const).
module.exports = {
  commerceUrl: process.env.COMMERCE_URL || 'default',
  localization: {
    locales: [
      { label: 'EN', value: 'en', apiValue: 'en-us' },
      { label: 'FA', value: 'fa', apiValue: 'fa-ir' }
    ],
    currencies: [{ label: 'USD', code: 'usd' }],
    defaultLocaleValue: 'en',
    localeUrlStrategy: 'hide-default-locale',
    redirectToDefaultLocale: false,
    defaultCurrencyCode: 'usd'
  },
  rewrites: [],
  redis: { defaultExpirationTime: 900 }
};
