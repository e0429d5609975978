; Inno Setup 6 script: the Windows installer of the Regulars counter app.
;
; Build on Windows, after the PyInstaller bundle (see installer/README.md):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\regulars.iss
; Output: dist\regulars-<version>-windows-x64-setup.exe
;
; Choices (installer/README.md says why):
; - per-machine: Program Files, Start-menu entry for all users, needs an administrator;
; - the data (store, backups, logs, terminal token) in %PROGRAMDATA%\Regulars, one per PC: the
;   terminal is the machine; the store key (DPAPI, machine scope) in %PROGRAMDATA%\Regulars Keys;
; - both folders belong to administrators, SYSTEM and the local group RegularsCounter only (the
;   Windows accounts the counter runs under: /COUNTERUSER=name adds one at install); not to
;   the PC's Users;
; - uninstalling removes the program and keeps the data folder.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Bundle "..\..\dist\regulars"
#define DataDir "{commonappdata}\Regulars"
#define KeyDir "{commonappdata}\Regulars Keys"
#define CounterGroup "RegularsCounter"

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
; Never removed by the uninstaller: members, points not yet sent, backups, the store key.
; Their ACL is set in [Code] (LockDown): administrators, SYSTEM and RegularsCounter only.
Name: "{#DataDir}"; Flags: uninsneveruninstall
Name: "{#KeyDir}"; Flags: uninsneveruninstall

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

[Code]
// The data and key folders are not the PC's Users': administrators (S-1-5-32-544) and SYSTEM
// (S-1-5-18) full control, the counter's accounts (group RegularsCounter) modify, nothing
// inherited from %PROGRAMDATA% (which lets every user read and create). An upgrade from a
// version that granted Users-modify is reset first, so no old grant survives on any file.
function RunHidden(const Exe, Params: String): Integer;
var
  Code: Integer;
begin
  if not Exec(Exe, Params, '', SW_HIDE, ewWaitUntilTerminated, Code) then
    Code := -1;
  Result := Code;
end;

procedure LockDown(const Folder: String);
var
  Icacls: String;
begin
  Icacls := ExpandConstant('{sys}\icacls.exe');
  RunHidden(Icacls, '"' + Folder + '" /reset /T /C /Q');
  if RunHidden(Icacls, '"' + Folder + '" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F ' +
      '*S-1-5-18:(OI)(CI)F {#CounterGroup}:(OI)(CI)M /C /Q') <> 0 then
    RaiseException('Could not restrict access to ' + Folder + ' (icacls failed).');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  CounterUser: String;
begin
  if CurStep = ssPostInstall then
  begin
    // Exit code 2 when the group exists already (an upgrade): fine.
    RunHidden(ExpandConstant('{sys}\net.exe'), 'localgroup {#CounterGroup} /add ' +
      '/comment:"Windows accounts the Regulars counter runs under"');
    // Default: whoever runs Setup. Membership counts from that account's next sign-in.
    CounterUser := ExpandConstant('{param:COUNTERUSER|{username}}');
    if CounterUser <> '' then
      RunHidden(ExpandConstant('{sys}\net.exe'),
        'localgroup {#CounterGroup} "' + CounterUser + '" /add');
    LockDown(ExpandConstant('{#DataDir}'));
    LockDown(ExpandConstant('{#KeyDir}'));
  end;
end;
