# desc: lines whose first word starts with # inside -R input (1.31: Try hint, rc 255, restore aborted; ours: skipped as comments, the rest restored as 1.31 restores it without them)
# divergence: restore-comments
ipvsadm -R <<'EOF2'
# rules for the web VIP
-A -t 10.0.0.127:80
#-A -t 10.0.0.128:80
-a -t 10.0.0.127:80 -r 10.0.0.2:80 -m -w 3
   # an indented comment
	#tab-indented
#
-A -t 10.0.0.129:80 -s rr
ipvsadm # after the program name
-a -t 10.0.0.129:80 -r 10.0.0.3 -g
EOF2
echo "rc=$?"
ipvsadm -Ln
printf -- '#only a comment\n' | ipvsadm -R; echo "rc=$?"
printf -- '-A -u 10.0.0.130:53\n# last line, no newline' | ipvsadm -R; echo "rc=$?"
ipvsadm -Sn
