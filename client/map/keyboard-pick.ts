// Opening a building from the map without a mouse: with the map focused (Tab), a crosshair marks the centre;
// the arrow keys pan under it (MapLibre), + and - zoom, and Enter opens the building under the crosshair.
// A polite live region says what is under it, so that a screen reader user knows what Enter will open.
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface KeyboardPickText {
  /** What is under the crosshair: a building's code, or null for nothing. */
  under(code: string | null): string;
}

/** Half the side of the square around the crosshair where a building counts as under it (px). */
const REACH = 6;

export function keyboardPick(
  map: MapLibreMap,
  layerId: string,
  text: KeyboardPickText,
  onPick: (id: number) => void,
  blocked: () => boolean,
): void {
  const canvas = map.getCanvas();
  const container = map.getContainer();
  const crosshair = document.createElement('div');
  crosshair.className = 'keyboard-crosshair';
  crosshair.setAttribute('aria-hidden', 'true');
  crosshair.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'map-keyboard-status';
  container.append(crosshair, status);

  const underCrosshair = () => {
    const { x, y } = map.project(map.getCenter());
    crosshair.style.transform = `translate(${x}px, ${y}px)`;
    if (!map.getLayer(layerId)) return undefined;
    return map.queryRenderedFeatures(
      [
        [x - REACH, y - REACH],
        [x + REACH, y + REACH],
      ],
      { layers: [layerId] },
    )[0];
  };
  const announce = () => {
    if (crosshair.hidden) return;
    const f = underCrosshair();
    const said = text.under(typeof f?.properties?.code === 'string' ? f.properties.code : null);
    if (status.textContent !== said) status.textContent = said;
  };
  // Only for keyboard focus: a mouse click on the map focuses the canvas too, and needs no crosshair.
  canvas.addEventListener('focus', () => {
    crosshair.hidden = !canvas.matches(':focus-visible');
    announce();
  });
  canvas.addEventListener('blur', () => {
    crosshair.hidden = true;
    status.textContent = '';
  });
  map.on('moveend', announce);
  canvas.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || blocked()) return;
    crosshair.hidden = false;
    const id = underCrosshair()?.id;
    if (typeof id === 'number') {
      e.preventDefault();
      onPick(id);
    } else announce();
  });
}
