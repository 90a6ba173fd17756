; Vigía's Windows installer, built by scripts/dist.sh with Debian's makensis:
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUILD=1 -DEXE=path\to\vigia.exe \
;            -DICON=assets/icons/vigia.ico -DLICENSE=LICENSE.txt -DNOTICES=THIRD_PARTY_NOTICES.txt \
;            -DOUTFILE=dist/vigia-0.1.0-windows-amd64-setup.exe packaging/windows/vigia.nsi
;
; LICENSE and NOTICES are the repository's LICENSE and THIRD_PARTY_NOTICES as
; UTF-8 with a byte-order mark (without one, NSIS reads a licence page's text
; in the system's ANSI code page) and CRLF line ends: the licence page shows
; LICENSE, and both are installed beside vigia.exe.
;
; It installs for the current user only (no administrator rights) into
; %LOCALAPPDATA%\Programs\Vigia, adds a Start-menu shortcut, optionally a
; desktop shortcut, an uninstaller and the Add/Remove Programs entry (under
; HKCU). Silent: setup.exe /S [/D=C:\other\dir]; uninstall.exe /S.

Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10

!ifndef VERSION | BUILD | EXE | ICON | LICENSE | NOTICES | OUTFILE
  !error "pass -DVERSION= -DBUILD= -DEXE= -DICON= -DLICENSE= -DNOTICES= -DOUTFILE= (scripts/dist.sh does)"
!endif

!define APPNAME "Vigía"
!define PUBLISHER "The Vigía authors"
!define WEBSITE "https://vigia.io"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\io.vigia.app"

Name "${APPNAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Vigia"
; An upgrade goes where the last install went.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.${BUILD}"
VIFileVersion "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "© 2026 ${PUBLISHER}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\vigia.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE}"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Spanish"

LangString DescMain ${LANG_ENGLISH} "The Vigía program, a Start-menu shortcut and the uninstaller."
LangString DescMain ${LANG_SPANISH} "El programa Vigía, un acceso directo en el menú Inicio y el desinstalador."
LangString DescDesktop ${LANG_ENGLISH} "A shortcut to Vigía on the desktop."
LangString DescDesktop ${LANG_SPANISH} "Un acceso directo a Vigía en el escritorio."
LangString DescUnMain ${LANG_ENGLISH} "The program, its shortcuts and its Add/Remove Programs entry."
LangString DescUnMain ${LANG_SPANISH} "El programa, sus accesos directos y su entrada en Agregar o quitar programas."
LangString DescUnData ${LANG_ENGLISH} "Also delete your sessions journal, logs and settings."
LangString DescUnData ${LANG_SPANISH} "Borrar también el diario de sesiones, los registros y la configuración."
LangString NameDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString NameDesktop ${LANG_SPANISH} "Acceso directo en el escritorio"
LangString NameUnData ${LANG_ENGLISH} "Sessions, logs and settings"
LangString NameUnData ${LANG_SPANISH} "Sesiones, registros y configuración"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=vigia.exe" "${EXE}"
  File "/oname=LICENSE.txt" "${LICENSE}"
  File "/oname=THIRD_PARTY_NOTICES.txt" "${NOTICES}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\vigia.exe" "" "$INSTDIR\vigia.exe" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "URLInfoAbout" "${WEBSITE}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\vigia.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "$(NameDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\vigia.exe" "" "$INSTDIR\vigia.exe" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} $(DescMain)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} $(DescDesktop)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "un.${APPNAME}" UnSecMain
  SectionIn RO
  Delete "$INSTDIR\vigia.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\THIRD_PARTY_NOTICES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Off unless ticked: the default data and log folders (cli.DefaultDataDir,
; logging.DefaultDir) and Fyne's preferences folder for the app ID.
Section /o "un.$(NameUnData)" UnSecData
  RMDir /r "$LOCALAPPDATA\Vigia\data"
  RMDir /r "$LOCALAPPDATA\Vigia\logs"
  RMDir "$LOCALAPPDATA\Vigia"
  RMDir /r "$APPDATA\fyne\io.vigia.app"
  RMDir "$APPDATA\fyne"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} $(DescUnMain)
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} $(DescUnData)
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
