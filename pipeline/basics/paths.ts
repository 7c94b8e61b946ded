/** Where the project's own files are: the one place that turns the module's location into paths. */
import { fileURLToPath } from 'node:url';

/** The project folder (holds `data/`, `templates/`, `pipeline/`). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path inside the project folder. */
export function projectPath(...parts: string[]): string {
  return [PROJECT_ROOT.replace(/\/$/, ''), ...parts].join('/');
}
