// next-auth v4's default export, reduced to what the journey needs: `NextAuth(req, res, options)` (api/auth.ts:227-229)
// hands back the options, so the journey can call the credentials providers' `authorize` itself.
module.exports = (req, res, options) => options;
