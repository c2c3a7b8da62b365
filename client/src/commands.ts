/**
 * The command ids the extension contributes (`package.json` `contributes.commands`), in one
 * place so that modules can run each other's commands without importing each other.
 */

export const REPLAY_COMMAND = 'falcoRuleStudio.replayCapture';
export const PROFILE_COMMAND = 'falcoRuleStudio.profileRules';
export const EXPORT_PROFILE_COMMAND = 'falcoRuleStudio.exportProfile';
export const SHOW_PROFILE_COMMAND = 'falcoRuleStudio.showProfile';
export const CAPTURE_COMMAND = 'falcoRuleStudio.captureCommand';
