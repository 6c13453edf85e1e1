// next-auth/providers/credentials: the provider object is its options (id, credentials, authorize).
module.exports = (options) => options;
