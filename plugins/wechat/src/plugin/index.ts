// The plugin's interface (plugin.json "main"): requirePlugin('kefu').configure({...}) in the host.
export { configure, type KefuPluginSettings } from './settings';
