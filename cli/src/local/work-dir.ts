/** The end of a local run's temporary folder. */
import * as fs from 'fs';

/**
 * Removes the run's temporary folder. With Docker on Linux, what the container created (a folder
 * under an output, a `__pycache__` beside the code) belongs to the container's user, root, and
 * this user may not delete it: the run's result still stands, and the folder is named for removal
 * (as the SageMaker Python SDK's local mode warns on EACCES and goes on: sagemaker-core
 * `sagemaker/core/local/image.py`, `_delete_tree`).
 */
export function removeWorkDir(workDir: string, progress: (line: string) => void, remove: (dir: string) => void = (dir) => fs.rmSync(dir, { recursive: true, force: true })): void {
  try {
    remove(workDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    progress(`  note: the temporary folder ${workDir} was not removed (${code}: the container wrote files as another user, root with Docker); remove it with sudo rm -rf ${workDir}`);
  }
}
