import type { JobProgressEvent } from '../../shared/ipc/events';
import type { SliceCreator } from './types';

export interface JobsSlice {
  /** Latest progress of each running job, by job id. */
  progress: Record<string, JobProgressEvent>;
  recordProgress(event: JobProgressEvent): void;
  forgetJob(jobId: string): void;
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set) => ({
  progress: {},
  recordProgress: (event) => set((state) => ({ progress: { ...state.progress, [event.jobId]: event } })),
  forgetJob: (jobId) =>
    set((state) => {
      if (!(jobId in state.progress)) return state;
      const { [jobId]: _done, ...rest } = state.progress;
      return { progress: rest };
    }),
});
