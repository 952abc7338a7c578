/** The application menu: File > Open and Quit, plus the standard Edit/View roles. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** Install the menu; `onOpenFiles` runs for File > Open. */
export function installAppMenu(onOpenFiles: () => void): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: onOpenFiles },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
