# desc: -p does not consume a dash word: -p -1 is an unknown option (rc 255); -p -s at end is a missing argument
ipvsadm -A -t 10.0.0.100:80 -p -1
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --persistent -5
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p -s
echo "rc=$?"
ipvsadm -Ln
