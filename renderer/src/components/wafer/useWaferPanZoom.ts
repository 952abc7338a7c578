import { onBeforeUnmount, shallowRef } from 'vue';
import {
  fitViewport, panBy, wheelZoomFactor, zoomAround, zoomSteps, type WaferViewport,
} from '@shared/charts/waferViewport';

/** Screen pixels a pointer must move before a press becomes a drag (so a shaky click still selects). */
const dragThreshold = 4;
/** Screen pixels an arrow key pans. */
const arrowStep = 60;
/** Quiet time after the last zoom or pan before the map is re-rendered sharply at the new scale. */
const settleMilliseconds = 160;

/**
 * Zoom and pan of a square map of `canvasSize` CSS pixels: wheel around the cursor, drag, keys and
 * buttons. `changed` runs on every viewport change (schedule a frame), `settled` once a gesture rests.
 */
export function useWaferPanZoom(canvasSize: number, changed: () => void, settled: () => void) {
  const viewport = shallowRef<WaferViewport>(fitViewport());
  const dragging = shallowRef(false);
  let drag: { x: number; y: number; from: WaferViewport; moved: boolean } | null = null;
  let suppressClick = false;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;

  function setViewport(next: WaferViewport): void {
    const current = viewport.value;
    if (next.scale === current.scale && next.offsetX === current.offsetX && next.offsetY === current.offsetY) return;
    viewport.value = next;
    changed();
    clearTimeout(settleTimer);
    settleTimer = setTimeout(settled, settleMilliseconds);
  }

  function onWheel(event: WheelEvent): void {
    event.preventDefault();
    setViewport(zoomAround(viewport.value, wheelZoomFactor(event.deltaY, event.deltaMode, canvasSize), { x: event.offsetX, y: event.offsetY }, canvasSize));
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, from: viewport.value, moved: false };
  }

  /** Pan while the button is held; true while a drag is under way (no hover then). */
  function onPointerMove(event: PointerEvent): boolean {
    if (!drag || (event.buttons & 1) === 0) {
      drag = null;
      return false;
    }
    const [deltaX, deltaY] = [event.clientX - drag.x, event.clientY - drag.y];
    if (!drag.moved && Math.hypot(deltaX, deltaY) < dragThreshold) return false;
    if (!drag.moved) (event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId);
    drag.moved = true;
    dragging.value = true;
    setViewport(panBy(drag.from, deltaX, deltaY, canvasSize));
    return true;
  }

  function onPointerUp(): void {
    suppressClick = drag?.moved ?? false;
    drag = null;
    dragging.value = false;
  }

  /** Whether the click that follows a pointer-up ended a drag (then it must not select a die). */
  function clickEndedDrag(): boolean {
    const ended = suppressClick;
    suppressClick = false;
    return ended;
  }

  /** +/- zoom, 0 fits, arrows pan; true when the key was handled. */
  function onKeydown(event: KeyboardEvent): boolean {
    const pans: Record<string, [number, number]> = { ArrowLeft: [arrowStep, 0], ArrowRight: [-arrowStep, 0], ArrowUp: [0, arrowStep], ArrowDown: [0, -arrowStep] };
    const pan = pans[event.key];
    if (pan) setViewport(panBy(viewport.value, pan[0], pan[1], canvasSize));
    else if (event.key === '+' || event.key === '=') zoomIn();
    else if (event.key === '-' || event.key === '_') zoomOut();
    else if (event.key === '0') resetView();
    else return false;
    event.preventDefault();
    return true;
  }

  /** One zoom step in around the canvas center. */
  function zoomIn(): void {
    setViewport(zoomSteps(viewport.value, 1, canvasSize));
  }

  /** One zoom step out around the canvas center. */
  function zoomOut(): void {
    setViewport(zoomSteps(viewport.value, -1, canvasSize));
  }

  /** Back to the whole wafer. */
  function resetView(): void {
    setViewport(fitViewport());
  }

  onBeforeUnmount(() => clearTimeout(settleTimer));

  return { viewport, dragging, onWheel, onPointerDown, onPointerMove, onPointerUp, clickEndedDrag, onKeydown, zoomIn, zoomOut, resetView };
}
