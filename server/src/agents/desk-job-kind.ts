/** Job kind for everything the pipeline and the skills tell the agent desk (on the desk queue; older releases queued it as scheduled). */
export const AGENT_DESK_JOB_KIND = 'agent-desk';
