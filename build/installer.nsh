; "Check with Signet" on the context menu of every file in Explorer (issue 8 §5), through
; electron-builder's NSIS `include` hooks. The install is per machine (electron-builder.yml), so
; SHELL_CONTEXT is HKLM. On Windows 11 the entry is under "Show more options". Signet receives the
; path as its one argument and checks it locally (electron/main/argv-files.ts); nothing is uploaded.

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\SignetCheck" "" "Check with Signet"
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\SignetCheck" "Icon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\SignetCheck\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\*\shell\SignetCheck"
!macroend
