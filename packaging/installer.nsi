; Per-user installer for the Funding for Growth Planner: no administrator rights asked or needed.
;
;   makensis /NOCD -DVERSION=0.1.0 -DBUNDLE=dist\FundingForGrowthPlanner -DOUTFILE=dist\setup.exe packaging\installer.nsi
;
; (`make installer` on Linux, the CI workflow on Windows.) Installs into
; %LOCALAPPDATA%\Programs\Funding for Growth Planner, adds a Start-menu shortcut, opens .ffg project
; files with the app (HKCU\Software\Classes) and registers an uninstaller under
; HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall, so it shows in Settings > Apps.
; Everything it writes is under the user's own profile and HKCU; the uninstaller removes it all.

Unicode true
!ifndef VERSION
  !error "Give the version: makensis -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !error "Give the PyInstaller folder: makensis -DBUNDLE=dist\FundingForGrowthPlanner"
!endif
!ifndef OUTFILE
  !define OUTFILE "FundingForGrowthPlanner-${VERSION}-user-setup.exe"
!endif

!define APP "Funding for Growth Planner"
!define EXE "FundingForGrowthPlanner.exe"
!define PROGID "FundingForGrowthPlanner.Project"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\FundingForGrowthPlanner"
!define PUBLISHER "Funding for Growth Planner project"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} per-user installer"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "MIT licence; PySide6 under the LGPL v3"

!include "MUI2.nsh"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext current ; the user's own Start menu, never All Users
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Install"
  ; A previous version's files go first, so none of its libraries lingers beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "Software\Classes\.ffg" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Funding for Growth project"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)' ; SHCNE_ASSOCCHANGED: Explorer rereads

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP}.lnk"
  ; The association is removed only while it is still ours: another program may have taken .ffg since.
  ReadRegStr $0 HKCU "Software\Classes\.ffg" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.ffg"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The install folder holds only what Install put there (projects and autosaves live elsewhere).
  RMDir /r "$INSTDIR"
SectionEnd
