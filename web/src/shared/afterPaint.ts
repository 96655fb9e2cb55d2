/**
 * Resolves once the app's first screen has been drawn (the frame after the first commit): the
 * reads and the device-queue work the shell starts when it mounts wait for it, so they do not
 * stand between the first render and the form on screen (issue 20: a warm start on a phone at 4×
 * slower CPU, where starting two notification polls, the org tree read and the IndexedDB queue
 * cost tens of milliseconds of main thread before the first frame). Later callers get it at once.
 * A hidden page draws no frames: then a timer lets the work start anyway.
 */
let painted: Promise<void> | undefined;

export function afterFirstPaint(): Promise<void> {
  return (painted ??= new Promise<void>((resolve) => {
    const fallback = window.setTimeout(resolve, 200);
    // A task queued from an animation frame callback runs after that frame is drawn.
    requestAnimationFrame(() =>
      window.setTimeout(() => {
        window.clearTimeout(fallback);
        resolve();
      }, 0),
    );
  }));
}
