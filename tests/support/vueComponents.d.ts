// The Node test project type-checks with plain tsc, which cannot read single-file components; vue-tsc
// checks them in the web project. Renderer tests that render a component see it as a plain component.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
