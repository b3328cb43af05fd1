export { folderSource } from './folder-adapter.js';
export { FolderConfigSchema, type FolderConfig } from './folder-config.js';
