// The `shopify` global of the admin.settings.validation.render target, and the
// Polaris web components' JSX types.
import '@shopify/ui-extensions/preact';

declare global {
  const shopify: import('@shopify/ui-extensions/admin.settings.validation.render').Api;
}
export {};
