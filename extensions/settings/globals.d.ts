// The `shopify` global of the admin.settings.validation.render target, and the
// Polaris web components' JSX types. Not named shopify.d.ts: the Shopify CLI
// writes that file (git-ignored) with its own per-module `shopify` types
// whenever it loads the app (`shopify app dev|build|deploy`); the typecheck
// passes with and without it.
import '@shopify/ui-extensions/preact';

declare global {
  const shopify: import('@shopify/ui-extensions/admin.settings.validation.render').Api;
}
export {};
