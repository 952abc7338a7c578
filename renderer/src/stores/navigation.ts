import { defineStore } from 'pinia';
import { ref } from 'vue';
import { formatRoute, parseRoute, type Route } from '../navigation/route';

/**
 * Where the user is. The URL hash is the source of truth: navigate() writes it, the browser's
 * history gives back/forward, and a shared link reopens the same place.
 */
export const useNavigationStore = defineStore('navigation', () => {
  const route = ref<Route>(parseRoute(window.location.hash));
  /** How many places this session navigated to, so "back" stays inside the app. */
  let depth = 0;

  window.addEventListener('hashchange', () => {
    route.value = parseRoute(window.location.hash);
  });

  /** Go to a route (adds a history entry unless it is where we are). */
  function navigate(next: Route): void {
    const hash = formatRoute(next);
    if (window.location.hash === hash) {
      route.value = parseRoute(hash);
      return;
    }
    depth++;
    window.location.hash = hash;
    route.value = parseRoute(hash);
  }

  /** Back in history when the app got here itself, else up to the given parent. */
  function up(parent: Route): void {
    if (depth > 0) {
      depth--;
      history.back();
    } else {
      replace(parent);
    }
  }

  /** Change the current route's hash without adding a history entry (e.g. the chosen test). */
  function replace(next: Route): void {
    const hash = formatRoute(next);
    history.replaceState(history.state, '', hash);
    route.value = parseRoute(hash);
  }

  return { route, navigate, replace, up, back: () => history.back(), forward: () => history.forward() };
});
