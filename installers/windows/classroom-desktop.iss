; Inno Setup script: a per-user Windows installer for Classroom Desktop (no administrator rights).
;
; On a Windows machine with Python 3.11+ and Inno Setup 6.3+ (https://jrsoftware.org/isinfo.php):
;   py installers\build.py                      (builds build\bundle\dist\classroom-desktop and smoke-tests it)
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\classroom-desktop.iss
; The installer is written to build\bundle\installer\classroom-desktop-<version>-setup.exe.
; It installs into %LOCALAPPDATA%\Programs\Classroom Desktop, adds a Start-menu entry (and a desktop
; icon if asked) for the current user only, and registers an uninstaller in "Apps & features".
; The teacher's workspaces (in %LOCALAPPDATA%\ClassroomDesktop) are never touched by (un)installing.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Classroom Desktop"
#define AppExe "classroom-desktop.exe"
#define Bundle "..\..\build\bundle\dist\classroom-desktop"

[Setup]
; Keep this AppId for every version: it is how an update finds the installed copy.
AppId={{6F1C7E52-3B8D-4B5E-9C1A-2D7A4E0B9C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Classroom Desktop team
; Per user, no UAC prompt: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\bundle\installer
OutputBaseFilename=classroom-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\classroom-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the whole program folder, so no file of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
