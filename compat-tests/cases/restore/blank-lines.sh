# desc: empty and whitespace-only lines in -R input are skipped; tabs and multiple blanks separate tokens
printf -- '\n   \n\t\n-A\t-t  10.0.0.180:80 \t -s rr\n\n  -A -t 10.0.0.181:80\n \t \n' | ipvsadm -R
echo "rc=$?"
ipvsadm -Ln
