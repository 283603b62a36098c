/**
 * `/opt/ml/output/message` of a run: what SageMaker reports as the job's `ExitMessage`. "Containers
 * can write UTF-8 encoded text to the /opt/ml/output/message file. After the processing job enters
 * any terminal status, the ExitMessage field in DescribeProcessingJob contains the first 1 KB of
 * this file. If the data in this file isn't UTF-8 encoded, the job fails and returns a ClientError."
 * (SageMaker Developer Guide, "Save and Access Metadata Information About Your Processing Job";
 * `ExitMessage` is at most 1024 characters, API reference `DescribeProcessingJob`.)
 */
import * as fs from 'fs';
import * as path from 'path';

/** The container's folder for the message, under the run's `/opt/ml`. */
export const OUTPUT_FOLDER = 'output';

/** `ExitMessage`'s maximum length (DescribeProcessingJob). */
export const EXIT_MESSAGE_LENGTH = 1024;

/** What the container left in `/opt/ml/output/message`. */
export interface ExitMessage {
  /** The first 1024 characters, as `ExitMessage` holds them; undefined when the file is not UTF-8. */
  readonly text?: string;
  /** Why SageMaker would fail the job for this file (not UTF-8), else undefined. */
  readonly failureReason?: string;
}

/** The run's exit message, read from `<mlRoot>/output/message`; undefined when the container wrote none. */
export function readExitMessage(mlRoot: string): ExitMessage | undefined {
  const file = path.join(mlRoot, OUTPUT_FOLDER, 'message');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
  const bytes = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { failureReason: 'ClientError: /opt/ml/output/message is not UTF-8 encoded text, and SageMaker fails a job whose message file is not' };
  }
  return { text: Array.from(text).slice(0, EXIT_MESSAGE_LENGTH).join('') };
}
