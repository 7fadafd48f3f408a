; Tillproof: NSIS additions (electron-builder nsis.include).
; Per-machine install, silent for deployment tools:
;   Tillproof-Setup-1.2.3.exe /S /CONFIG="C:\deploy\store-12-till-1.json"
; /CONFIG= copies the given terminal config to %ProgramData%\Tillproof\config.json (the file
; Tillproof reads; check it first with "tillproof config check FILE"). Administrators and
; SYSTEM may change that folder; users (the cashier) may only read it.
; An existing config is replaced only when /CONFIG= is given; uninstalling keeps it.

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CONFIG=" $R1
  ${IfNot} ${Errors}
    ${If} ${FileExists} "$R1"
      ; $APPDATA in the all-users context is %ProgramData%.
      SetShellVarContext all
      CreateDirectory "$APPDATA\Tillproof"
      ClearErrors
      CopyFiles /SILENT "$R1" "$APPDATA\Tillproof\config.json"
      ${If} ${Errors}
        DetailPrint "Tillproof: could not copy $R1 to $APPDATA\Tillproof\config.json"
        SetErrorLevel 3
      ${Else}
        DetailPrint "Tillproof: terminal config installed from $R1"
        ; Well-known SIDs, so this works on every Windows language: Administrators, SYSTEM full; Users read.
        nsExec::ExecToLog 'icacls "$APPDATA\Tillproof" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
        Pop $R2
      ${EndIf}
    ${Else}
      DetailPrint "Tillproof: the config file $R1 does not exist; nothing was copied"
      SetErrorLevel 2
    ${EndIf}
  ${EndIf}
!macroend
