; Inno Setup 6 script: the Windows installer of the Regulars counter app.
;
; Build on Windows, after the PyInstaller bundle (see installer/README.md):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\regulars.iss
; Output: dist\regulars-<version>-windows-x64-setup.exe
;
; Choices (installer/README.md says why):
; - per-machine: Program Files, Start-menu entry for all users, needs an administrator;
; - the data (store, backups, logs, terminal token) in %PROGRAMDATA%\Regulars, one per PC: the
;   terminal is the machine, whoever is signed in to Windows;
; - uninstalling removes the program and keeps the data folder.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Bundle "..\..\dist\regulars"
#define DataDir "{commonappdata}\Regulars"

[Setup]
; Keep AppId for ever: upgrades find the installed version by it.
AppId={{6F3B8C52-1E7A-4C1D-9B0E-5A2D7C4E9F13}
AppName=Regulars
AppVersion={#AppVersion}
AppVerName=Regulars {#AppVersion}
AppPublisher=Regulars
DefaultDirName={autopf}\Regulars
DefaultGroupName=Regulars
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=regulars-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\regulars.ico
UninstallDisplayIcon={app}\regulars-counter.exe
UninstallDisplayName=Regulars
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; REGULARS_DATA_DIR is set machine-wide: tell running programs the environment changed.
ChangesEnvironment=yes
; An upgrade closes a running counter first (it migrates its store, after a backup, on start).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseTraditional.isl")
Name: "zh_TW"; MessagesFile: "compiler:Languages\ChineseTraditional.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder: regulars.exe (console: paths, backup, restore, sync),
; regulars-counter.exe (the counter, no console window) and _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; Cashiers sign in to Windows as ordinary users: they must be able to write the store.
; Never removed by the uninstaller: members, points not yet sent, backups.
Name: "{#DataDir}"; Permissions: users-modify; Flags: uninsneveruninstall

[Registry]
; `regulars paths`, `regulars backup`, `regulars restore` in any console find the same folder.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "REGULARS_DATA_DIR"; ValueData: "{#DataDir}"; \
  Flags: uninsdeletevalue

[Icons]
; The data folder is passed explicitly too: the environment variable reaches only processes
; started after Explorer has picked it up.
Name: "{group}\Regulars"; Filename: "{app}\regulars-counter.exe"; \
  Parameters: "run --data-dir ""{#DataDir}"""; WorkingDir: "{#DataDir}"
Name: "{group}\Regulars data folder"; Filename: "{#DataDir}"
Name: "{autodesktop}\Regulars"; Filename: "{app}\regulars-counter.exe"; \
  Parameters: "run --data-dir ""{#DataDir}"""; WorkingDir: "{#DataDir}"; Tasks: desktopicon

[Run]
; First start: the first-run wizard (language, store, registration, manager, printer).
Filename: "{app}\regulars-counter.exe"; Parameters: "run --data-dir ""{#DataDir}"""; \
  WorkingDir: "{#DataDir}"; Description: "{cm:LaunchProgram,Regulars}"; \
  Flags: nowait postinstall skipifsilent
