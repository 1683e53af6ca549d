/** Help for citizens after their visit: the topics, their short paths, and the content files' parser. */
export { HELP_SHORT_PATH, HELP_TOPICS, parseHelp, type HelpBlock, type HelpDocument, type HelpTopic } from './help-document.ts';
