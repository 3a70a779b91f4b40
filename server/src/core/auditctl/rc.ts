/** What auditctl's handlers return (src/auditctl.c); setopt() stops at the first negative one. */
export const enum Rc { Deprecated = -3, NoReply = -2, Error = -1, Reply = 0, Rule = 1 }
