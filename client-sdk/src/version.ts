// Kept in step with package.json by a test; sent in the default User-Agent.
export const SDK_VERSION = '0.1.0';
